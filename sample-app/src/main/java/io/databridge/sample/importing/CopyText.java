package io.databridge.sample.importing;

/**
 * Writes rows in the text format of PostgreSQL's {@code COPY}: columns separated by a
 * tab, rows ended by a newline, and backslash, tab, newline and carriage return escaped
 * with a backslash.
 *
 * @author Databridge team
 */
final class CopyText {

	private CopyText() {
	}

	/**
	 * Appends one row.
	 * @param text where to append it
	 * @param columns the column values, none of them {@code null}
	 */
	static void appendRow(StringBuilder text, String... columns) {
		for (int i = 0; i < columns.length; i++) {
			if (i > 0) {
				text.append('\t');
			}
			appendEscaped(text, columns[i]);
		}
		text.append('\n');
	}

	private static void appendEscaped(StringBuilder text, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\t' -> text.append("\\t");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				default -> text.append(c);
			}
		}
	}

}
