CREATE TABLE IF NOT EXISTS account (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	owner VARCHAR(100) NOT NULL,
	email VARCHAR(254) NOT NULL,
	balance NUMERIC(19, 2) NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	CONSTRAINT account_email_unique UNIQUE (email),
	CONSTRAINT account_balance_not_negative CHECK (balance >= 0)
);

CREATE TABLE IF NOT EXISTS transfer (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	from_account BIGINT NOT NULL REFERENCES account (id),
	to_account BIGINT NOT NULL REFERENCES account (id),
	amount NUMERIC(19, 2) NOT NULL,
	created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	CONSTRAINT transfer_amount_positive CHECK (amount > 0)
);

CREATE INDEX IF NOT EXISTS transfer_from_account ON transfer (from_account);

CREATE INDEX IF NOT EXISTS transfer_to_account ON transfer (to_account);
