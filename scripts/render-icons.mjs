#!/usr/bin/env node
// Renders build/icon.svg to the PNG sizes the desktop entry and electron-builder use
// (build/icons/<n>x<n>.png), with Debian's Chromium. Run after changing the SVG.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const svg = readFileSync(join(root, 'build', 'icon.svg'), 'utf8')
mkdirSync(join(root, 'build', 'icons'), { recursive: true })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
try {
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
    await page.screenshot({ path: join(root, 'build', 'icons', `${size}x${size}.png`), omitBackground: true })
    await page.close()
  }
} finally {
  await browser.close()
}
process.stdout.write('icons: build/icons/{16..512}.png\n')
