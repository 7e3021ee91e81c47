package io.sensorbridge.observe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;

/**
 * HTTP basic authentication on the whole HTTP port (page, events, health, metrics), with the user name and password
 * of {@code http.username} and {@code http.password}: set on camel-main's HTTP server before it starts, so no request
 * is ever served without it (the live page's own routes are on the same router, behind the same handler). Camel's own {@code camel.server.authenticationEnabled} wants the
 * passwords in a properties file (and without one silently authenticates nobody); ours come from the settings, so the
 * password can be given as {@code HTTP_PASSWORD}, and are compared in constant time.
 */
public final class HttpAccess implements AuthenticationProvider {

    private static final String REALM = "sensor-bridge";

    private final byte[] username;
    private final byte[] password;

    public HttpAccess(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Asks every request to camel-main's HTTP server for the password; called before the server starts (camel-main
     * has added it, with the management endpoints sharing its port, before it runs our configuration).
     */
    public void protect(MainHttpServer server) {
        AuthenticationConfig.AuthenticationConfigEntry everything = new AuthenticationConfig.AuthenticationConfigEntry();
        everything.setPath("/*");
        everything.setAuthenticationProviderFactory(vertx -> this);
        everything.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> BasicAuthHandler createAuthenticationHandler(T provider) {
                return BasicAuthHandler.create(provider, REALM);
            }
        });
        AuthenticationConfig config = server.getConfiguration().getAuthenticationConfig();
        config.getEntries().add(everything);
        config.setEnabled(true);
    }

    // the one method Vert.x 4's AuthenticationProvider leaves abstract, deprecated in favour of a Future-based one
    @SuppressWarnings("deprecation")
    @Override
    public void authenticate(JsonObject credentials, Handler<AsyncResult<User>> result) {
        String givenUser = credentials.getString("username", "");
        String givenPassword = credentials.getString("password", "");
        // both compared, always, so the time taken says nothing about which one was wrong
        boolean userMatches = MessageDigest.isEqual(username, givenUser.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
        result.handle(userMatches && passwordMatches ? Future.succeededFuture(User.fromName(givenUser))
                : Future.failedFuture("wrong user name or password"));
    }
}
