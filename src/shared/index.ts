// Re-exports of the plain-data contract shared by main, preload, renderer and CLI.
export * from './snapshot'
export * from './payload'
export * from './layout'
export * from './events'
export * from './api'
