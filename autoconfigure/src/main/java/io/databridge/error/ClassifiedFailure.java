package io.databridge.error;

/**
 * A failure that knows its own {@link ErrorKind}, such as the pool's own exceptions,
 * which carry no SQLSTATE.
 *
 * @author Databridge team
 */
public interface ClassifiedFailure {

	/**
	 * Returns the kind of this failure.
	 * @return the kind
	 */
	ErrorKind kind();

}
