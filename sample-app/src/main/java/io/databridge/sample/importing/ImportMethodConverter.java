package io.databridge.sample.importing;

import java.util.Locale;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads an {@link ImportMethod} from a request parameter in any case, so that
 * {@code ?method=batch} works.
 *
 * @author Databridge team
 */
@Component
class ImportMethodConverter implements Converter<String, ImportMethod> {

	@Override
	public ImportMethod convert(String source) {
		return ImportMethod.valueOf(source.trim().toUpperCase(Locale.ROOT));
	}

}
