// What a webhook endpoint receives: the raw body, unparsed, and the request's headers.
declare const rawBody: string
declare const headers: Record<string, string>
