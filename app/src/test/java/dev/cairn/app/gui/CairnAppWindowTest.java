package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class CairnAppWindowTest {
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    new CairnApp().start(stage);
  }

  @Test
  void theWindowOpensWithTitleAndDropHint(FxRobot robot) {
    assertThat(stage.isShowing()).isTrue();
    assertThat(stage.getTitle()).isEqualTo("Cairn");
    Label welcome = robot.lookup("#welcome").queryAs(Label.class);
    assertThat(welcome.getText()).contains("Drop a folder");
  }
}
