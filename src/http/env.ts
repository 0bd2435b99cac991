/** Who a bearer token speaks for, as `requireAuth` sets it on the request's context. */
export interface Principal {
  /** Every query on user data filters by it. */
  userId: string;
  /** The access token's id, for logout. */
  tokenId: string;
  /** Seconds since the epoch. */
  tokenExpiresAt: number;
}

/** The context variables the HTTP layer sets: the request id, and the principal behind `requireAuth`. */
export interface HttpVariables extends Principal {
  requestId: string;
}
