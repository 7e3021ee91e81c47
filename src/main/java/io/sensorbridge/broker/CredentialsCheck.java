package io.sensorbridge.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * An embedded HiveMQ extension that lets in only clients with the configured user name and password
 * ({@code mqtt.username}, {@code mqtt.password}, the same ones the bridge and the simulator connect with). With
 * {@code allowAnonymous}, a client that gives no user name is let in too, as Mosquitto does with
 * {@code allow_anonymous true} and a password file; a wrong password is refused either way.
 */
final class CredentialsCheck implements ExtensionMain, SimpleAuthenticator {

    private final String username;
    private final byte[] password;
    private final boolean allowAnonymous;

    CredentialsCheck(String username, String password, boolean allowAnonymous) {
        this.username = username;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.allowAnonymous = allowAnonymous;
    }

    /** Who gets in, for the broker's start-up line. */
    String rule() {
        return allowAnonymous ? "clients without a user name and clients with mqtt.username and mqtt.password get in"
                : "clients need mqtt.username and mqtt.password";
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the authenticator with the extension
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        if (connect.getUserName().isEmpty() && allowAnonymous) {
            output.authenticateSuccessfully();
            return;
        }
        byte[] given = connect.getPassword().map(CredentialsCheck::bytes).orElse(new byte[0]);
        // compare the password in constant time, and always, so timing does not tell whether the user name was right
        boolean rightPassword = MessageDigest.isEqual(password, given);
        if (connect.getUserName().filter(username::equals).isPresent() && rightPassword) {
            output.authenticateSuccessfully();
        } else {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
