package dev.cairn.app.server;

import dev.cairn.app.library.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of {@code cairn serve}: 32 random bytes (base64url) in {@code server/token}
 * under Cairn's home, readable and writable by the user only (mode 0600 on POSIX systems). Kept
 * across runs so configured clients keep working; a token file that others can read is replaced by
 * a new one. Immutable; {@link #matches} compares in constant time.
 */
public final class AccessToken {
  private static final Logger LOG = LoggerFactory.getLogger(AccessToken.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final byte[] token;
  private final Path file;

  private AccessToken(String token, Path file) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.file = file;
  }

  /** {@code <home>/server/token}. */
  public static Path file(Path home) {
    return home.resolve("server").resolve("token");
  }

  /** The token stored under {@code home}, created (or replaced, if others could read it) first. */
  public static AccessToken loadOrCreate(Path home) throws IOException {
    Path f = file(home);
    if (Files.isRegularFile(f) && ownerOnly(f)) {
      String stored = Files.readString(f, StandardCharsets.US_ASCII).strip();
      if (stored.matches("[A-Za-z0-9_-]{43}")) {
        return new AccessToken(stored, f);
      }
      LOG.warn("the token file {} does not hold a token; writing a new one", f);
    } else if (Files.exists(f)) {
      LOG.warn("the token file {} could be read by other users; writing a new token", f);
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    AtomicFiles.write(f, (token + "\n").getBytes(StandardCharsets.US_ASCII));
    if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(f, OWNER_ONLY);
    }
    return new AccessToken(token, f);
  }

  private static boolean ownerOnly(Path f) throws IOException {
    if (!Files.getFileStore(f).supportsFileAttributeView("posix")) {
      return true;
    }
    return Files.getPosixFilePermissions(f).equals(OWNER_ONLY);
  }

  /** The file holding the token. */
  public Path path() {
    return file;
  }

  /** The token text (for the client snippet the user copies). */
  public String value() {
    return new String(token, StandardCharsets.US_ASCII);
  }

  /** Whether {@code candidate} is the token, compared in constant time. */
  public boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
  }
}
