/**
 * The game lab's WGSL, assembled from shaders/ (shared pieces concatenated, never copied): the
 * field kernel takes the game's own file, so the heat map and the arrows show the f and ∇f the
 * simulation steps with.
 */
import gameApi from '../../../shaders/game_api.wgsl?raw';
import planeView from '../../../shaders/lab_games_plane_view.wgsl?raw';
import field from '../../../shaders/lab_games_field.wgsl?raw';
import render from '../../../shaders/lab_games_render.wgsl?raw';
import heatmap from '../../../shaders/lab_games_heatmap.wgsl?raw';
import arrows from '../../../shaders/lab_games_arrows.wgsl?raw';
import particles from '../../../shaders/lab_games_particles.wgsl?raw';
import type { GameId } from '../../games';
import { GAME_PRELUDE, GAME_WGSL } from '../../games/gameKernels';

export const planeFieldKernel = (game: GameId): string => [GAME_PRELUDE, gameApi, GAME_WGSL[game], planeView, field].join('\n');

const panelShader = (code: string) => [planeView, render, code].join('\n');

/** The panel's three render pipelines, drawn in this order. */
export const PANEL_SHADERS = {
  heatmap: panelShader(heatmap),
  arrows: panelShader(arrows),
  particles: panelShader(particles),
} as const;
