/*
 * Name search keys (issue 13 item 4). Indonesian names reach the hub in more than one spelling: the old
 * (Van Ophuijsen, pre-1972) orthography (`Soeharto`, `Djoko`, `Tjipto`, `Sjahrir`, `Njoto`, `Achmad`), doubled
 * letters (`Muhammad`/`Muhamad`) and the unstressed vowel written `a` or `e` (`Waharjo`/`Waherjo`). A name and a
 * query are both reduced to the same key, so that every spelling of one name meets the others.
 */

/** Old spellings folded to one form, applied in this order (`dj` before `j`, `ch` before `kh`). */
const FOLDS: readonly [RegExp, string][] = [
  [/OE/g, 'U'],
  [/DJ/g, 'J'],
  [/TJ/g, 'C'],
  [/SJ/g, 'SY'],
  [/NJ/g, 'NY'],
  // The old `j` is the modern `y` (Tjahjono, Cahyono); the old `dj` became `j` above, so both meet at `y`.
  [/J/g, 'Y'],
  [/CH/g, 'KH'],
  // Akhmad, Ahmad and Achmad are one name; Khadijah and Hadijah too.
  [/KH/g, 'H'],
];

/** The key of one word: folded spellings, no doubled letters, `e` as `a` after the first letter. */
function wordKey(word: string): string {
  let w = word;
  for (const [from, to] of FOLDS) w = w.replace(from, to);
  w = w.replace(/(.)\1+/g, '$1');
  return w.length > 1 ? w[0] + w.slice(1).replace(/E/g, 'A') : w;
}

/** The words of a name, upper case letters only (diacritics dropped, apostrophes joined: `Ma'ruf` is one word). */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019`]/g, '')
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter((w) => w.length > 0)
    .map(wordKey);
}

/** The key a query is matched with: its words' keys, joined without spaces (spacing does not matter). */
export function nameQueryKey(text: string): string {
  return nameWords(text).join('');
}

/**
 * The keys stored on a person (`nameKeys`, indexed): the whole name's key and the key of the name from each later
 * word on, so that a query anchored at the start of any of them (`^AMINAH`) finds `Siti Aminah` through the index.
 */
export function nameSearchKeys(fullName: string): string[] {
  const words = nameWords(fullName);
  const keys = words.map((_w, i) => words.slice(i).join(''));
  return [...new Set(keys)];
}
