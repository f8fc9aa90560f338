/**
 * Bulk import of accounts from a streamed request body, by COPY or by batched inserts.
 */
@NullMarked
package io.databridge.sample.importing;

import org.jspecify.annotations.NullMarked;
