/**
 * Classification of database errors by SQLSTATE and cause into a few kinds that can be
 * reported without the driver's message, which may quote connection details.
 */
@NullMarked
package io.databridge.error;

import org.jspecify.annotations.NullMarked;
