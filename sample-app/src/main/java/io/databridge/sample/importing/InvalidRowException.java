package io.databridge.sample.importing;

/**
 * Thrown when a row of an import is invalid. The import is rolled back.
 *
 * @author Databridge team
 */
public class InvalidRowException extends RuntimeException {

	private final long row;

	private final String field;

	/**
	 * Creates an exception.
	 * @param row the row's number, counting from 1
	 * @param field the invalid field
	 * @param problem what is wrong with it
	 */
	public InvalidRowException(long row, String field, String problem) {
		super("Row " + row + ": " + field + " " + problem);
		this.row = row;
		this.field = field;
	}

	/**
	 * Returns the number of the invalid row, counting from 1.
	 * @return the row number
	 */
	public long getRow() {
		return this.row;
	}

	/**
	 * Returns the invalid field.
	 * @return the field name
	 */
	public String getField() {
		return this.field;
	}

}
