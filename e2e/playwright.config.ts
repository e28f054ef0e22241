// Playwright drives Debian's Chromium (never a downloaded browser) against the real
// `resume-editor serve` binary: a debug build, on a free port, over a fresh database (SQLite in a
// temporary directory, or the PostgreSQL database named by E2E_DATABASE_URL), serving the built
// app from dist/. The flows build on each other (setup first, then registration, ...), so the
// files run in name order in one worker against one server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..');
const targetDir =
  process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache', 'resume-editor', 'target');
const binary = process.env.E2E_BINARY ?? path.join(targetDir, 'debug', 'resume-editor');
// The fake LLM server, built beside the server binary (the `resume_fake_llm` crate).
const fakeLlm = process.env.E2E_FAKE_LLM_BINARY ?? path.join(path.dirname(binary), 'resume-fake-llm');
const staticDir = process.env.E2E_STATIC_DIR ?? path.join(root, 'dist');
const database = process.env.E2E_DATABASE_URL ? 'postgres' : 'sqlite';

// The runner process picks the port and the data directory; its worker process loads this file
// again and inherits them through the environment.
if (!process.env.E2E_PORT) {
  const probe =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe]).toString().trim();
}
if (!process.env.E2E_LLM_PORT) {
  const probe =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  process.env.E2E_LLM_PORT = execFileSync(process.execPath, ['-e', probe]).toString().trim();
}
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'resume-editor-e2e-'));
}
const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
// The fake OpenAI-compatible server (`resume-fake-llm`): the instance's default LLM
// endpoint, so refinements work without settings. Tests script it through `${llmURL}/_fake/*`.
export const llmURL = `http://127.0.0.1:${process.env.E2E_LLM_PORT}`;

const serverEnv: Record<string, string> = {
  RESUME_EDITOR_BIND: `127.0.0.1:${port}`,
  RESUME_EDITOR_DATA_DIR: process.env.E2E_DATA_DIR,
  RESUME_EDITOR_STATIC_DIR: staticDir,
  RESUME_EDITOR_LOG: process.env.E2E_SERVER_LOG ?? 'warn',
  RESUME_EDITOR_LLM_BASE_URL: `${llmURL}/v1`,
  RESUME_EDITOR_LLM_ALLOW_PRIVATE: 'true',
  RESUME_EDITOR_LLM_RETRY_BACKOFF_MS: '50',
};
if (process.env.E2E_DATABASE_URL) {
  serverEnv.RESUME_EDITOR_DATABASE_URL = process.env.E2E_DATABASE_URL;
}

export default defineConfig({
  testDir: './tests',
  outputDir: `test-results/output-${database}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: `test-results/results-${database}.json` }],
  ],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `"${fakeLlm}" --bind 127.0.0.1:${process.env.E2E_LLM_PORT}`,
      url: `${llmURL}/_fake/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `"${binary}" serve`,
      url: `${baseURL}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: serverEnv,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
