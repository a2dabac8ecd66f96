// A Fastaar payment object as text, as your own code received it (a stored answer, a log line).
declare const body: string
