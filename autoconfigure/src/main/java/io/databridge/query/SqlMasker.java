package io.databridge.query;

/**
 * Replaces the literal values in SQL with {@code ?}, so that statements can be logged
 * without the values they carry.
 * <p>
 * Masked are string literals ({@code 'it''s'}, with their {@code E}, {@code U&},
 * {@code B}, {@code X} or {@code N} prefix, backslash escapes read in {@code E'...'}
 * only, as with {@code standard_conforming_strings} on), dollar-quoted strings
 * ({@code $$...$$}, {@code $tag$...$tag$}) and numbers ({@code 42}, {@code 1.5e3},
 * {@code .5}, {@code 0x1F}, {@code 1_000}) that are not part of an identifier. Comments
 * are replaced by a single space. Identifiers, quoted identifiers, keywords such as
 * {@code NULL} or {@code TRUE}, bind markers ({@code $1}, {@code :name}, {@code ?}) and
 * whitespace are kept as they are. A literal or comment that is not terminated is masked
 * to the end of the text. Masking never throws and is idempotent.
 *
 * @author Databridge team
 */
public final class SqlMasker {

	private static final char MASK = '?';

	private static final String ELLIPSIS = "...";

	private SqlMasker() {
	}

	/**
	 * Masks the literal values in the given SQL.
	 * @param sql the SQL, one or more statements
	 * @return the SQL with every literal replaced by {@code ?} and every comment by a
	 * space
	 */
	public static String mask(String sql) {
		StringBuilder masked = new StringBuilder(sql.length());
		int index = 0;
		while (index < sql.length()) {
			index = appendToken(sql, index, masked);
		}
		return masked.toString();
	}

	/**
	 * Shortens the given text to at most {@code maxLength} characters, ending with
	 * {@code ...} when shortened. Meant for log lines; mask the SQL first.
	 * @param sql the text to shorten
	 * @param maxLength the maximum length, at least 3
	 * @return the text itself when not longer than {@code maxLength}, else its start
	 * followed by {@code ...}
	 * @throws IllegalArgumentException if {@code maxLength} is less than 3
	 */
	public static String abbreviate(String sql, int maxLength) {
		if (maxLength < ELLIPSIS.length()) {
			throw new IllegalArgumentException("maxLength must be at least 3, but was " + maxLength);
		}
		if (sql.length() <= maxLength) {
			return sql;
		}
		int end = maxLength - ELLIPSIS.length();
		if (end > 0 && Character.isHighSurrogate(sql.charAt(end - 1))) {
			end--;
		}
		return sql.substring(0, end) + ELLIPSIS;
	}

	private static int appendToken(String sql, int start, StringBuilder masked) {
		int end = commentEnd(sql, start);
		if (end > start) {
			masked.append(' ');
			return end;
		}
		end = Math.max(stringEnd(sql, start), Math.max(dollarQuotedEnd(sql, start), numberEnd(sql, start)));
		if (end > start) {
			masked.append(MASK);
			return end;
		}
		char ch = sql.charAt(start);
		if (ch == '"') {
			end = quotedEnd(sql, start, false);
		}
		else if (ch == '$') {
			end = start + 1;
			while (isDigit(charAt(sql, end))) {
				end++;
			}
		}
		else {
			end = Math.max(start + 1, identifierEnd(sql, start));
		}
		masked.append(sql, start, end);
		return end;
	}

	/**
	 * Returns where the comment, string, dollar-quoted string or quoted identifier that
	 * starts at the given index ends.
	 * @param sql the SQL
	 * @param start the index to read from
	 * @return the index after the token, {@code start} when none starts there
	 */
	static int quotedOrCommentEnd(String sql, int start) {
		int end = Math.max(commentEnd(sql, start), Math.max(stringEnd(sql, start), dollarQuotedEnd(sql, start)));
		if (end == start && sql.charAt(start) == '"') {
			return quotedEnd(sql, start, false);
		}
		return end;
	}

	/**
	 * Returns where the line comment ({@code --}) or the block comment, which may nest,
	 * that starts at the given index ends. A line comment ends before its line break.
	 * @param sql the SQL
	 * @param start the index to read from
	 * @return the index after the comment, {@code start} when none starts there
	 */
	static int commentEnd(String sql, int start) {
		char ch = charAt(sql, start);
		char next = charAt(sql, start + 1);
		if (ch == '-' && next == '-') {
			int index = start + 2;
			while (index < sql.length() && sql.charAt(index) != '\n' && sql.charAt(index) != '\r') {
				index++;
			}
			return index;
		}
		if (ch == '/' && next == '*') {
			int depth = 1;
			int index = start + 2;
			while (index < sql.length() && depth > 0) {
				if (sql.charAt(index) == '/' && charAt(sql, index + 1) == '*') {
					depth++;
					index += 2;
				}
				else if (sql.charAt(index) == '*' && charAt(sql, index + 1) == '/') {
					depth--;
					index += 2;
				}
				else {
					index++;
				}
			}
			return Math.min(index, sql.length());
		}
		return start;
	}

	private static int stringEnd(String sql, int start) {
		char ch = sql.charAt(start);
		char next = charAt(sql, start + 1);
		if (ch == '\'') {
			return quotedEnd(sql, start, false);
		}
		if (next == '\'' && (ch == 'E' || ch == 'e')) {
			return quotedEnd(sql, start + 1, true);
		}
		if (next == '\'' && "BbXxNn".indexOf(ch) >= 0) {
			return quotedEnd(sql, start + 1, false);
		}
		if (next == '&' && charAt(sql, start + 2) == '\'' && (ch == 'U' || ch == 'u')) {
			return quotedEnd(sql, start + 2, false);
		}
		return start;
	}

	private static int quotedEnd(String sql, int start, boolean backslashEscapes) {
		char quote = sql.charAt(start);
		int index = start + 1;
		while (index < sql.length()) {
			char ch = sql.charAt(index);
			if (backslashEscapes && ch == '\\') {
				index += 2;
			}
			else if (ch == quote && charAt(sql, index + 1) != quote) {
				return index + 1;
			}
			else {
				index += (ch == quote) ? 2 : 1;
			}
		}
		return sql.length();
	}

	private static int dollarQuotedEnd(String sql, int start) {
		if (sql.charAt(start) != '$') {
			return start;
		}
		int tagEnd = start + 1;
		if (isIdentifierStart(charAt(sql, tagEnd))) {
			while (isIdentifierStart(charAt(sql, tagEnd)) || isDigit(charAt(sql, tagEnd))) {
				tagEnd++;
			}
		}
		if (charAt(sql, tagEnd) != '$') {
			return start;
		}
		int tagLength = tagEnd + 1 - start;
		int index = sql.indexOf('$', tagEnd + 1);
		while (index >= 0) {
			if (sql.regionMatches(index, sql, start, tagLength)) {
				return index + tagLength;
			}
			index = sql.indexOf('$', index + 1);
		}
		return sql.length();
	}

	private static int numberEnd(String sql, int start) {
		char ch = sql.charAt(start);
		if (!isDigit(ch) && !(ch == '.' && isDigit(charAt(sql, start + 1)))) {
			return start;
		}
		int radix = (ch == '0') ? radix(charAt(sql, start + 1)) : 0;
		int prefixedEnd = (radix != 0) ? digitsEnd(sql, start + 2, radix) : start;
		if (prefixedEnd > start + 2) {
			return prefixedEnd;
		}
		int index = digitsEnd(sql, start, 10);
		if (charAt(sql, index) == '.') {
			index = digitsEnd(sql, index + 1, 10);
		}
		char exponent = charAt(sql, index);
		int exponentDigits = index + 1;
		if (charAt(sql, exponentDigits) == '+' || charAt(sql, exponentDigits) == '-') {
			exponentDigits++;
		}
		if ((exponent == 'e' || exponent == 'E') && isDigit(charAt(sql, exponentDigits))) {
			index = digitsEnd(sql, exponentDigits, 10);
		}
		return index;
	}

	private static int radix(char prefix) {
		return switch (prefix) {
			case 'x', 'X' -> 16;
			case 'o', 'O' -> 8;
			case 'b', 'B' -> 2;
			default -> 0;
		};
	}

	private static int digitsEnd(String sql, int start, int radix) {
		int index = start;
		while (isDigit(sql, index, radix)
				|| (index > start && charAt(sql, index) == '_' && isDigit(sql, index + 1, radix))) {
			index++;
		}
		return index;
	}

	private static boolean isDigit(String sql, int index, int radix) {
		char ch = charAt(sql, index);
		return ch < 0x80 && Character.digit(ch, radix) >= 0;
	}

	private static boolean isDigit(char ch) {
		return ch >= '0' && ch <= '9';
	}

	/**
	 * Returns where the identifier or keyword that starts at the given index ends.
	 * @param sql the SQL
	 * @param start the index to read from
	 * @return the index after the identifier, {@code start} when none starts there
	 */
	static int identifierEnd(String sql, int start) {
		if (!isIdentifierStart(charAt(sql, start))) {
			return start;
		}
		int index = start + 1;
		while (isIdentifierStart(charAt(sql, index)) || isDigit(charAt(sql, index)) || charAt(sql, index) == '$') {
			index++;
		}
		return index;
	}

	/**
	 * Returns whether the given character may start an unquoted identifier or keyword.
	 * @param ch the character
	 * @return whether it is a letter, an underscore or any non-ASCII character
	 */
	static boolean isIdentifierStart(char ch) {
		return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80;
	}

	private static char charAt(String sql, int index) {
		return (index < sql.length()) ? sql.charAt(index) : 0;
	}

}
