package io.databridge.test;

import java.lang.reflect.Constructor;
import java.util.List;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.lifecycle.DockerComposeServicesReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ReflectionUtils;

/**
 * Announces running Docker Compose services to an application context as Spring Boot's
 * Docker Compose support does once {@code docker compose up} has finished: it sends a
 * {@link DockerComposeServicesReadyEvent} to the Docker Compose listeners registered in
 * {@code META-INF/spring.factories}, which register the connection details of every
 * factory that accepts a service. Boot creates that event only internally, so its
 * constructor is called reflectively.
 *
 * @author Databridge team
 */
public class DockerComposeServiceInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String DOCKER_COMPOSE_PACKAGE = "org.springframework.boot.docker.compose.";

	private final List<RunningService> services;

	/**
	 * Creates an initializer.
	 * @param services the services to announce
	 */
	public DockerComposeServiceInitializer(RunningService... services) {
		this.services = List.of(services);
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
		SpringFactoriesLoader.forDefaultResourceLocation()
			.load(ApplicationListener.class)
			.stream()
			.filter((listener) -> listener.getClass().getName().startsWith(DOCKER_COMPOSE_PACKAGE))
			.forEach(multicaster::addApplicationListener);
		multicaster.multicastEvent(readyEvent(context));
	}

	private DockerComposeServicesReadyEvent readyEvent(ApplicationContext context) {
		try {
			Constructor<DockerComposeServicesReadyEvent> constructor = ReflectionUtils
				.accessibleConstructor(DockerComposeServicesReadyEvent.class, ApplicationContext.class, List.class);
			return BeanUtils.instantiateClass(constructor, context, this.services);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Spring Boot's DockerComposeServicesReadyEvent has changed", ex);
		}
	}

}
