package io.databridge.sample.account;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An account to open, as a client sends it.
 *
 * @param owner the owner's name
 * @param email the owner's email address
 * @param balance the opening balance, zero when not given
 * @author Databridge team
 */
public record NewAccount(@NotBlank @Size(max = 100) String owner, @NotBlank @Email @Size(max = 254) String email,
		@DecimalMin("0.00") @Digits(integer = 17, fraction = 2) BigDecimal balance) {

	public NewAccount {
		balance = (balance != null) ? balance : BigDecimal.ZERO;
	}

}
