// A request body your own code built or received, not yet checked.
declare const body: unknown
