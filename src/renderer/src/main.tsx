// Renderer entry: picks the transport (preload bridge or WebSocket) once and renders the app over it.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ApiContext } from './state/ApiContext'
import { createClient } from './api/createClient'
import './styles.css'

const client = createClient()
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ApiContext.Provider value={client}>
      <App />
    </ApiContext.Provider>
  </StrictMode>
)
