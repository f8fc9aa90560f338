/**
 * Accounts: create, read, update, delete and a streamed listing of every account.
 */
@NullMarked
package io.databridge.sample.account;

import org.jspecify.annotations.NullMarked;
