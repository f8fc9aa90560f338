package io.databridge.sample.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * New owner and email of an account. The balance changes only through transfers.
 *
 * @param owner the owner's name
 * @param email the owner's email address
 * @author Databridge team
 */
public record AccountChanges(@NotBlank @Size(max = 100) String owner, @NotBlank @Email @Size(max = 254) String email) {

}
