package io.databridge.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Logs where to open the sample once its web server listens.
 *
 * @author Databridge team
 */
@Component
class ApplicationUrlLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ApplicationUrlLogger.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String namespace = event.getApplicationContext().getServerNamespace();
		if (namespace == null) {
			logger.info("Databridge sample is running: open http://localhost:" + event.getWebServer().getPort() + "/");
		}
	}

}
