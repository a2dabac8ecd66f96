/** The most charges one payment session takes. */
export const PAYSTAR_MAX_CHARGES = 25
