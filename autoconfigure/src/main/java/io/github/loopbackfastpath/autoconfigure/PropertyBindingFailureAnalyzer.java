package io.github.loopbackfastpath.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a {@code loopback.fastpath.*} value that cannot be converted (a port that is
 * not a number, an unknown {@code on-failure}), that the properties' own validation
 * rejects (a port out of range) or that a switch does not accept ({@code enabled=maybe},
 * see {@link StrictSwitchesCondition}) with the property, the value and the fix for that
 * property. Spring Boot's own analyzers name the property and the value but say only
 * "Update your application's configuration".
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PropertyBindingFailureAnalyzer implements FailureAnalyzer {

	private static final String PREFIX = "loopback.fastpath.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		BindException binding = findCause(failure, BindException.class);
		if (binding != null) {
			return analyze(binding);
		}
		InvalidConfigurationPropertyValueException invalid = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		return (invalid != null) ? analyze(invalid) : null;
	}

	private @Nullable FailureAnalysis analyze(InvalidConfigurationPropertyValueException cause) {
		String name = cause.getName();
		if (!name.startsWith(PREFIX)) {
			return null;
		}
		String description = "The loopback fast path cannot use " + name + "='" + cause.getValue() + "': "
				+ cause.getReason() + ".";
		return new FailureAnalysis(description, fix(name), cause);
	}

	private static <E extends Throwable> @Nullable E findCause(Throwable failure, Class<E> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private @Nullable FailureAnalysis analyze(BindException cause) {
		if (cause.getCause() instanceof BindValidationException validation) {
			return analyzeValidation(cause, validation);
		}
		ConfigurationProperty property = cause.getProperty();
		String name = (property != null) ? property.getName().toString() : cause.getName().toString();
		if (!name.startsWith(PREFIX)) {
			return null;
		}
		Object value = (property != null) ? property.getValue() : null;
		String origin = (property != null && property.getOrigin() != null) ? " (from " + property.getOrigin() + ")"
				: "";
		String description = "The loopback fast path cannot use " + name + "='" + value + "'" + origin + ": "
				+ reason(cause) + ".";
		return new FailureAnalysis(description, fix(name), cause);
	}

	private @Nullable FailureAnalysis analyzeValidation(BindException cause, BindValidationException validation) {
		String prefix = validation.getValidationErrors().getName().toString();
		if (!(prefix + ".").startsWith(PREFIX)) {
			return null;
		}
		StringBuilder description = new StringBuilder("The loopback fast path cannot use these values:");
		@Nullable String first = null;
		for (ObjectError error : validation.getValidationErrors()) {
			String name = (error instanceof FieldError field) ? prefix + "." + field.getField() : prefix;
			Object value = (error instanceof FieldError field) ? field.getRejectedValue() : null;
			description.append(String.format("%n    %s='%s': %s", name, value, error.getDefaultMessage()));
			first = (first != null) ? first : name;
		}
		return new FailureAnalysis(description.toString(), fix((first != null) ? first : prefix), cause);
	}

	private static String reason(BindException cause) {
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		while (reason.getCause() != null && reason.getCause() != reason) {
			reason = reason.getCause();
		}
		return String.valueOf(reason.getMessage());
	}

	private static String fix(String name) {
		String property = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
		if (property.endsWith("enabled")) {
			return "Set " + name + " to true or false (the only values the starter's switches accept).";
		}
		if (property.startsWith("client.ports")) {
			return "List destination ports as numbers between 1 and 65535, for example "
					+ "loopback.fastpath.client.ports=15001,3500, or leave loopback.fastpath.client.ports empty to "
					+ "cover every loopback port.";
		}
		if (property.equals("on-failure")) {
			return "Set loopback.fastpath.on-failure to 'fallback' (the default: log it and serve on the ordinary "
					+ "loopback path) or 'fail' (refuse to start).";
		}
		if (property.equals("unix.on-unavailable")) {
			return "Set loopback.fastpath.unix.on-unavailable to 'tcp' (the default: go over TCP loopback and count "
					+ "a fallback) or 'fail' (fail the request, naming the socket path).";
		}
		if (property.startsWith("unix.routes")) {
			return "Use the sidecar's destination port (1-65535) as the key and the absolute path of its Unix socket "
					+ "as the value, for example loopback.fastpath.unix.routes.15001=/run/envoy/outbound.sock.";
		}
		return "Correct " + name + "; docs/configuration.md lists every loopback.fastpath property and its values.";
	}

}
