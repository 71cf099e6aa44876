// Renderer entry: placeholder until the desktop-app issue lands.
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root') as HTMLElement).render(<h1>shmscope</h1>)
