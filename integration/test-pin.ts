/** The laptop PIN people choose in these tests unless a test says otherwise (the server password is another). */
export const TEST_PIN = '246810';
