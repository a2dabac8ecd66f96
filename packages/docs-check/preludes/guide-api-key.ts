// Context of guide fragments that pass `apiKey` shorthand: the reader's key, read from their configuration.
declare const apiKey: string
