/** A name as part of a file name: lower case, dashes, no å/ä/ö (some file shares still stumble on them). */
export const fileSafe = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
