/**
 * Random streams of the GANs, above the engine's (src/engine/rng.ts) so no draw is shared with a
 * particle's: initial weights, real samples, latents of training, latents of read-back samples.
 */
export const GAN_STREAM_INIT = 32;
export const GAN_STREAM_REAL = 33;
export const GAN_STREAM_LATENT = 34;
export const GAN_STREAM_SAMPLE = 35;
