-- Schema 8: a claim survives losing its connection during COMMIT.
-- When the connection drops while COMMIT is in flight, nobody knows whether the
-- claim committed. trials.claimNext stores a random token with the trial it
-- creates and, on retrying, first looks for its token: the trial it already made
-- comes back instead of a second one.
ALTER TABLE trials ADD COLUMN claim_token TEXT;
CREATE UNIQUE INDEX trials_claim_token ON trials (study_id, claim_token) WHERE claim_token IS NOT NULL;
