// Electron shell entry: placeholder until the desktop-app issue lands.
import { app } from 'electron'

app.whenReady().then(() => app.quit())
