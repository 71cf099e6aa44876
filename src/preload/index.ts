// Preload bridge: placeholder until the desktop-app issue lands.
export {}
