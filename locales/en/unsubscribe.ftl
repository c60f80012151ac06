unsubscribe-token-invalid = this unsubscribe token is not genuine (altered, or made with another data directory's key)
