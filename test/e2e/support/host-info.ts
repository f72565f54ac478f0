/** Where the browser-setup project records the running web host for the specs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type HostInfo = { url: string; token: string; port: number; home: string; pid: number; tmp: string };

export const HOST_INFO_FILE = join(process.cwd(), 'test-results', 'e2e-host.json');
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function readHostInfo(): HostInfo {
  return JSON.parse(readFileSync(HOST_INFO_FILE, 'utf8')) as HostInfo;
}
