/**
 * Issuer identification number (IIN) ranges of the card networks, with the PAN lengths each
 * issues, from the networks' published ranges (ISO/IEC 7812 prefixes as the networks list
 * them: Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay, Maestro, Mir,
 * RuPay, Verve, Troy, UATP, Dankort, InterPayment, InstaPayment, BORICA, UzCard, Humo, GPN,
 * LankaPay).
 *
 * A digit string is a card number only when its prefix is in one of these ranges AND its
 * length is one that network issues AND it passes Luhn: a 13-digit millisecond timestamp
 * (prefix 1, length 13) or a 16-digit number starting with 7 is not, whatever its check digit.
 */

/** `[first, last]` prefixes of one length (both inclusive, same number of digits), and the PAN lengths. */
export type IinRange = readonly [first: number, last: number, lengths: readonly number[]];

const L16_19 = [16, 17, 18, 19];
const L14_19 = [14, 15, 16, 17, 18, 19];

export const CARD_NETWORK_RANGES: readonly IinRange[] = [
  [1, 1, [15]], // UATP
  [2200, 2204, L16_19], // Mir
  [2205, 2205, [16]], // BORICA
  [2221, 2720, [16]], // Mastercard (2-series)
  [1946, 1946, [16, 18, 19]], // GPN
  [300, 305, L14_19], // Diners Club International, Carte Blanche
  [3095, 3095, L14_19], // Diners Club International
  [34, 34, [15]], // American Express
  [353, 353, [16]], // RuPay (JCB co-brand)
  [356, 356, [16]], // RuPay (JCB co-brand)
  [3528, 3589, L16_19], // JCB
  [357111, 357111, [16]], // LankaPay
  [36, 36, L14_19], // Diners Club International
  [37, 37, [15]], // American Express
  [38, 39, L14_19], // Diners Club International
  [4, 4, [13, 16, 19]], // Visa (Visa Electron and Dankort co-brands included)
  [50, 50, [16, 18, 19]], // GPN
  [5018, 5018, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [5019, 5019, [16]], // Dankort
  [5020, 5020, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [5038, 5038, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [506099, 506198, [16, 18, 19]], // Verve
  [507865, 507964, [16, 18, 19]], // Verve
  [508, 508, [16]], // RuPay
  [51, 55, [16]], // Mastercard
  [5614, 5614, [16]], // UzCard
  [56, 56, [16, 18, 19]], // GPN
  [58, 58, [16, 18, 19]], // GPN
  [5893, 5893, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [60, 63, [16, 18, 19]], // GPN
  [60, 60, [16]], // RuPay
  [6011, 6011, L16_19], // Discover
  [62, 62, L16_19], // UnionPay (Discover co-brand 622126–622925 included)
  [6304, 6304, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [636, 636, L16_19], // InterPayment
  [637, 639, [16]], // InstaPayment
  [644, 649, L16_19], // Discover
  [65, 65, L16_19], // Discover, RuPay, Troy
  [6759, 6759, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro (UK)
  [6761, 6763, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [676770, 676770, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro (UK)
  [676774, 676774, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro (UK)
  [81, 81, L16_19], // UnionPay, RuPay
  [82, 82, [16]], // RuPay
  [8600, 8600, [16]], // UzCard
  [9792, 9792, [16]], // Troy
  [9860, 9860, [16]], // Humo
];

/** The shortest and longest PAN any network issues. */
export const MIN_PAN_LENGTH = 12;
export const MAX_PAN_LENGTH = 19;
