package io.databridge.sample.transfer;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

/**
 * A transfer a client asks for.
 *
 * @param from the id of the account to debit
 * @param to the id of the account to credit
 * @param amount the amount to move, positive, with at most two decimals
 * @author Databridge team
 */
public record TransferRequest(@NotNull Long from, @NotNull Long to,
		@NotNull @DecimalMin("0.01") @Digits(integer = 17, fraction = 2) BigDecimal amount) {

}
