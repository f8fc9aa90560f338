/**
 * Money transfers between two accounts, each in one transaction.
 */
@NullMarked
package io.databridge.sample.transfer;

import org.jspecify.annotations.NullMarked;
