package dev.cairn.app.library.archviolation;

import org.apache.tika.metadata.Metadata;

/**
 * Deliberately breaks a layer rule: an app class exposing a Tika type. Lives in test sources only,
 * so that {@code LayerRulesTest} can prove the rule catches it.
 */
public final class TikaInViewModel {
  public Metadata metadata() {
    return new Metadata();
  }
}
