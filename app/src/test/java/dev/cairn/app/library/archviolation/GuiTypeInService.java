package dev.cairn.app.library.archviolation;

import javafx.beans.property.SimpleStringProperty;

/**
 * Deliberately breaks a layer rule: a service-layer class holding a JavaFX type. Lives in test
 * sources only, so that {@code LayerRulesTest} can prove the rule catches it.
 */
public final class GuiTypeInService {
  final SimpleStringProperty status = new SimpleStringProperty("indexing");
}
