// File → Save Checkpoint, Load Checkpoint, Export ONNX and Export Weights through the real menu
// actions of the main window (offscreen), with the file dialogs replaced by a path: after a short
// run, while a run is paused, and the refusals when there is nothing to save or a file is bad.
#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/results/runs_page.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/train/checkpoint.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;

namespace {

QAction* menuAction(QWidget* window, const QString& objectName)
{
    auto* action = window->findChild<QAction*>(objectName);
    if (action == nullptr)
        qWarning("no action %s", qPrintable(objectName));
    return action;
}

engine::TrainConfig config(int epochs, int batchSize = 16)
{
    engine::TrainConfig c;
    c.epochs = epochs;
    c.batchSize = batchSize;
    c.device = "cpu";
    return c;
}

} // namespace

class TestCheckpointMenu : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;
    QStringList m_askedTitles;

    // The dialog hook answers every file dialog with `path`, noting its title.
    void answerDialogsWith(ui::MainWindow& window, const QString& path)
    {
        window.setFileDialogHook([this, path](const QString& title, const QString&) {
            m_askedTitles << title;
            return path;
        });
    }

    QString file(const QString& name) const { return m_tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_tmp.filePath(QStringLiteral("config")).toUtf8());
        m_data = m_tmp.filePath(QStringLiteral("cifar"));
        test::writeCifar10(m_data.toStdString(), {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
    }

    void nothingToSaveBeforeTraining()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.openDataset(m_data.toStdString());
        QAction* save = menuAction(&window, QStringLiteral("SaveCheckpointAction"));
        QAction* onnx = menuAction(&window, QStringLiteral("ExportOnnxAction"));
        QVERIFY(save && onnx);
        QVERIFY(!save->isEnabled());
        QVERIFY(!onnx->isEnabled());
        QVERIFY(!window.exportOnnxTo(file(QStringLiteral("nothing.onnx"))));
        QVERIFY(window.runMessage()->text().contains(QStringLiteral("nothing to export")));
        QVERIFY(!QFileInfo::exists(file(QStringLiteral("nothing.onnx"))));
    }

    void saveExportAndLoadThroughTheMenu()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.openDataset(m_data.toStdString());
        window.newExperiment(); // the seed CNN fitted to the dataset's 4 classes
        window.trainingSettings()->setConfig(config(2));
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        QVERIFY(window.startTraining());
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(!window.trainingBridge()->isRunning());
        // The Runs tab shows how the run ended, not the "running" its last epoch left there.
        QTableWidget* runs = window.runsPage()->runTable();
        QCOMPARE(runs->rowCount(), 1);
        QCOMPARE(runs->item(0, runs->columnCount() - 2)->text(), QStringLiteral("finished"));

        // File → Save Checkpoint…
        QAction* save = menuAction(&window, QStringLiteral("SaveCheckpointAction"));
        QVERIFY(save && save->isEnabled());
        const QString checkpoint = file(QStringLiteral("saved.ckpt"));
        answerDialogsWith(window, checkpoint);
        save->trigger();
        QCOMPARE(m_askedTitles.last(), QStringLiteral("Save Checkpoint"));
        const engine::Checkpoint saved = engine::Checkpoint::load(checkpoint.toStdString());
        QCOMPARE(saved.info().history.size(), std::size_t{2});
        QCOMPARE(saved.info().epoch, 3);

        // File → ONNX Export Options → Opset 13, then File → Export ONNX…
        QAction* opset13 = menuAction(&window, QStringLiteral("OnnxOpset13"));
        QVERIFY(opset13);
        opset13->trigger();
        QCOMPARE(window.onnxOptions().opset, 13);
        const QString onnx = file(QStringLiteral("model.onnx"));
        answerDialogsWith(window, onnx);
        menuAction(&window, QStringLiteral("ExportOnnxAction"))->trigger();
        QCOMPARE(m_askedTitles.last(), QStringLiteral("Export ONNX"));
        QVERIFY(QFileInfo(onnx).size() > 1000);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("opset 13")));
        const QString python = QStringLiteral(CNNWB_PYTHON);
        if (QFileInfo::exists(python)) {
            QProcess check;
            check.setProcessChannelMode(QProcess::MergedChannels);
            check.start(python,
                {QStringLiteral("-c"),
                    QStringLiteral("import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, "
                                   "full_check=True); print(m.opset_import[0].version)"),
                    onnx});
            QVERIFY(check.waitForFinished(120000));
            const QString out = QString::fromUtf8(check.readAll()).trimmed();
            QVERIFY2(check.exitCode() == 0 && out.endsWith(QStringLiteral("13")), qPrintable(out));
        }

        // File → Load Checkpoint… in a fresh window: model, history and "Start continues".
        ui::MainWindow other(engine::DeviceInfo{});
        answerDialogsWith(other, checkpoint);
        menuAction(&other, QStringLiteral("LoadCheckpointAction"))->trigger();
        QCOMPARE(m_askedTitles.last(), QStringLiteral("Load Checkpoint"));
        QVERIFY(other.resumesCheckpoint());
        QVERIFY(other.runMessage()->text().contains(QStringLiteral("epoch 2 of 2 done")));
        QVERIFY(other.trainingSettings()->config().epochs > 2); // a finished run offers more epochs
        QSignalSpy resumed(other.trainingBridge(), &ui::TrainingBridge::finished);
        QVERIFY(other.startTraining());
        QVERIFY(resumed.wait(120000));
        const auto result = resumed.first().first().value<engine::RunResult>();
        QCOMPARE(result.epochs.front().testLoss, saved.info().history.front().testLoss); // the history came along
        QVERIFY(result.epochs.size() > 2);
        QCOMPARE(result.epochs[2].epoch, 3);
    }

    void saveWhilePausedAndBadFiles()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.openDataset(m_data.toStdString());
        window.newExperiment();
        window.trainingSettings()->setConfig(config(200, 4));
        QSignalSpy batches(window.trainingBridge(), &ui::TrainingBridge::batchesReady);
        QSignalSpy saved(window.trainingBridge(), &ui::TrainingBridge::checkpointSaved);
        QVERIFY(window.startTraining());
        QVERIFY(batches.wait(60000));
        window.trainingBridge()->pause();
        const QString path = file(QStringLiteral("paused.ckpt"));
        answerDialogsWith(window, path);
        QAction* save = menuAction(&window, QStringLiteral("SaveCheckpointAction"));
        QVERIFY(save->isEnabled());
        save->trigger();
        QVERIFY(saved.wait(30000));
        QCOMPARE(saved.first().at(1).toString(), QString());
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(path.toStdString());
        QVERIFY(checkpoint.info().step > 0);
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Checkpoint saved")));
        window.trainingBridge()->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!window.trainingBridge()->isRunning(), 30000);

        // A damaged file: refused with the reason in a dialog, nothing changes.
        QStringList dialogs;
        window.setFileErrorHook(
            [&](const QString& title, const QString& message) { dialogs << title + QStringLiteral(": ") + message; });
        const QString bad = file(QStringLiteral("bad.ckpt"));
        QFile(bad).open(QIODevice::WriteOnly);
        QVERIFY(!window.loadCheckpoint(bad));
        QVERIFY(window.runMessage()->text().contains(QStringLiteral("Cannot load the checkpoint")));
        QCOMPARE(dialogs.size(), 1);
        QVERIFY2(dialogs.first().startsWith(QStringLiteral("Load Checkpoint: Cannot load the checkpoint")),
            qPrintable(dialogs.first()));
        QVERIFY(dialogs.first().contains(bad));
        // An unwritable target: the message names it.
        QVERIFY(!window.exportOnnxTo(file(QStringLiteral("no/such/folder/m.onnx"))));
        QVERIFY(window.runMessage()->text().contains(QStringLiteral("ONNX export failed")));
        QCOMPARE(dialogs.size(), 2);
        QVERIFY(dialogs.last().contains(QStringLiteral("no/such/folder")));
        // Without a hook the real dialog opens, window-modal, and does not block.
        window.setFileErrorHook({});
        QVERIFY(!window.loadCheckpoint(bad));
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("FileErrorDialog"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("Cannot load the checkpoint")));
        box->accept();
    }
};

QTEST_MAIN(TestCheckpointMenu)
#include "test_checkpoint_menu.moc"
