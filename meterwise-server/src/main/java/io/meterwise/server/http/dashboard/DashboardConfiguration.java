package io.meterwise.server.http.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard: static files from the jar ({@code classpath:/dashboard/}) that call the public APIs with the
 * user's bearer token, so it can show nothing those APIs would not show the same principal (ADR 0047). The chart
 * library comes from its WebJar under {@code /webjars/} (Spring Boot's default mapping).
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

    static final String PATH = "/dashboard";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController(PATH, PATH + "/");
        registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // revalidated on every load, so an upgraded server never runs with an old module next to a new one
        registry.addResourceHandler(PATH + "/**").addResourceLocations("classpath:/dashboard/")
                .setCacheControl(CacheControl.noCache());
    }
}
