import { chromiumPath } from '../chromium';

/** The GPU tests need a real browser: say so plainly instead of failing inside Playwright. */
export default function setup(): void {
  chromiumPath();
}
