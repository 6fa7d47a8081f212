/**
 * The demo team's credentials (fictional people, a demo server only). The server's password and a laptop's PIN are
 * different secrets: the password signs in online once per laptop, the PIN opens the app on that laptop offline.
 */
export const DEMO_SERVER_PASSWORD = 'hemtrygg-demo-2026';
export const DEMO_PIN = '123456';
