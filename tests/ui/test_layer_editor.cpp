// The layer stack editor offscreen, driven through its real actions, inspector widgets and model:
// every kind of edit is undoable and redoable, an invalid layer is marked in place with its
// message, the totals follow each change, and experiments save and open through the main window.

#include "ui/app/main_window.h"
#include "ui/model/layer_inspector.h"
#include "ui/model/layer_stack_editor.h"
#include "ui/model/layer_table_model.h"
#include "ui/model/model_document.h"
#include "ui/model/weights_chooser.h"

#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/pretrained_weights.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <fstream>

using namespace cnnwb;
using engine::LayerKind;

namespace {

engine::DeviceInfo cpuOnly()
{
    engine::DeviceInfo devices;
    devices.cpuThreads = 2;
    devices.cudaUnavailableSummary = "no NVIDIA driver found";
    devices.cudaUnavailableReason = "no driver";
    return devices;
}

QStringList kinds(const ui::ModelDocument* document)
{
    QStringList names;
    for (const auto& layer : document->spec().layers)
        names << QString::fromLatin1(engine::layerKindName(layer.kind).data());
    return names;
}

const QStringList kSeed{QStringLiteral("Conv2d"), QStringLiteral("ReLU"), QStringLiteral("MaxPool2d"),
    QStringLiteral("Flatten"), QStringLiteral("Linear")};

} // namespace

class TestLayerEditor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ModelDocument* doc() const { return m_window->document(); }
    ui::LayerStackEditor* editor() const { return m_window->layerEditor(); }
    QUndoStack* undo() const { return doc()->undoStack(); }

    // Undo restores `before`, redo restores `after`.
    void checkUndoRedo(const QStringList& before, const QStringList& after)
    {
        QCOMPARE(kinds(doc()), after);
        undo()->undo();
        QCOMPARE(kinds(doc()), before);
        undo()->redo();
        QCOMPARE(kinds(doc()), after);
        undo()->undo();
    }

private Q_SLOTS:
    void init()
    {
        m_window = std::make_unique<ui::MainWindow>(cpuOnly());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(kinds(doc()), kSeed);
        editor()->setCurrentRow(0);
    }

    void cleanup() { m_window.reset(); }

    void addLayer()
    {
        editor()->setCurrentRow(1);
        editor()->addLayerAction(int(LayerKind::BatchNorm2d))->trigger();
        QCOMPARE(editor()->currentRow(), 2);
        checkUndoRedo(kSeed,
            {QStringLiteral("Conv2d"), QStringLiteral("ReLU"), QStringLiteral("BatchNorm2d"),
                QStringLiteral("MaxPool2d"), QStringLiteral("Flatten"), QStringLiteral("Linear")});
    }

    void removeLayer()
    {
        editor()->setCurrentRow(1);
        editor()->removeAction()->trigger();
        checkUndoRedo(kSeed,
            {QStringLiteral("Conv2d"), QStringLiteral("MaxPool2d"), QStringLiteral("Flatten"),
                QStringLiteral("Linear")});
    }

    void duplicateLayer()
    {
        editor()->setCurrentRow(0);
        editor()->duplicateAction()->trigger();
        QCOMPARE(editor()->currentRow(), 1);
        checkUndoRedo(kSeed,
            {QStringLiteral("Conv2d"), QStringLiteral("Conv2d"), QStringLiteral("ReLU"), QStringLiteral("MaxPool2d"),
                QStringLiteral("Flatten"), QStringLiteral("Linear")});
    }

    void moveUpAndDown()
    {
        editor()->setCurrentRow(2);
        editor()->moveUpAction()->trigger();
        QCOMPARE(editor()->currentRow(), 1);
        checkUndoRedo(kSeed,
            {QStringLiteral("Conv2d"), QStringLiteral("MaxPool2d"), QStringLiteral("ReLU"), QStringLiteral("Flatten"),
                QStringLiteral("Linear")});
        editor()->setCurrentRow(0);
        editor()->moveDownAction()->trigger();
        checkUndoRedo(kSeed,
            {QStringLiteral("ReLU"), QStringLiteral("Conv2d"), QStringLiteral("MaxPool2d"), QStringLiteral("Flatten"),
                QStringLiteral("Linear")});
        editor()->setCurrentRow(0);
        QVERIFY(!editor()->moveUpAction()->isEnabled());
    }

    void dragAndDropReorders()
    {
        ui::LayerTableModel* model = editor()->model();
        // Drag row 1 (ReLU) and drop it between rows 2 and 3.
        std::unique_ptr<QMimeData> data(model->mimeData({model->index(1, 0)}));
        QVERIFY(model->canDropMimeData(data.get(), Qt::MoveAction, 3, 0, {}));
        model->dropMimeData(data.get(), Qt::MoveAction, 3, 0, {});
        checkUndoRedo(kSeed,
            {QStringLiteral("Conv2d"), QStringLiteral("MaxPool2d"), QStringLiteral("ReLU"), QStringLiteral("Flatten"),
                QStringLiteral("Linear")});
    }

    void inspectorEditsMergeAndUndo()
    {
        editor()->setCurrentRow(0);
        auto* channels = qobject_cast<QSpinBox*>(m_window->inspector()->editor(QStringLiteral("outChannels")));
        QVERIFY(channels);
        QCOMPARE(channels->value(), 32);
        const int steps = undo()->count();
        channels->setValue(48);
        channels->setValue(64);
        QCOMPARE(undo()->count(), steps + 1); // two changes of one layer: one undo step
        QCOMPARE(doc()->spec().layers[0].outChannels, 64);
        QCOMPARE(editor()->model()->index(0, ui::LayerTableModel::OutputColumn).data().toString(),
            QStringLiteral("64 × 32 × 32"));
        QVERIFY(
            editor()->totalsLabel()->text().contains(QLocale().toString(qlonglong(64 * 27 + 64 + 64 * 256 * 10 + 10))));
        undo()->undo();
        QCOMPARE(doc()->spec().layers[0].outChannels, 32);
        QCOMPARE(channels->value(), 32); // the inspector follows undo
        undo()->redo();
        QCOMPARE(channels->value(), 64);
    }

    // A number typed beyond a field's range is taken to the bound, and the inspector says so
    // (a plain spin box refused the second keystroke: 40 silently became 4).
    void outOfRangeNumbersAreClampedWithAMessage()
    {
        editor()->setCurrentRow(0);
        auto* kernel = qobject_cast<QSpinBox*>(m_window->inspector()->editor(QStringLiteral("kernel")));
        QVERIFY(kernel);
        QCOMPARE(kernel->maximum(), 31);
        auto* note = m_window->inspector()->findChild<QLabel*>(QStringLiteral("note"));
        QVERIFY(note);
        QVERIFY(!note->isVisible());
        kernel->setFocus();
        kernel->selectAll();
        QTest::keyClicks(kernel, QStringLiteral("40"));
        QTest::keyClick(kernel, Qt::Key_Return);
        QCOMPARE(kernel->value(), 31);
        QCOMPARE(doc()->spec().layers[0].kernel, 31);
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("40 was set to 31")), qPrintable(note->text()));
        QVERIFY2(
            note->text().contains(QStringLiteral("1 to 31")) || note->text().contains(QStringLiteral("from 1 to 31")),
            qPrintable(note->text()));
        undo()->undo();
        QCOMPARE(doc()->spec().layers[0].kernel, 3);
        // Within the range, no note.
        editor()->setCurrentRow(0);
        kernel = qobject_cast<QSpinBox*>(m_window->inspector()->editor(QStringLiteral("kernel")));
        kernel->setFocus();
        kernel->selectAll();
        QTest::keyClicks(kernel, QStringLiteral("5"));
        QTest::keyClick(kernel, Qt::Key_Return);
        QCOMPARE(kernel->value(), 5);
        QVERIFY(!note->isVisible());
        undo()->undo();
    }

    void invalidLayerIsMarkedInPlace()
    {
        editor()->setCurrentRow(2);
        auto* kernel = qobject_cast<QSpinBox*>(m_window->inspector()->editor(QStringLiteral("kernel")));
        QVERIFY(kernel);
        kernel->setValue(31);
        kernel->setValue(31); // no change: no extra step
        editor()->setCurrentRow(0);
        auto* conv = qobject_cast<QSpinBox*>(m_window->inspector()->editor(QStringLiteral("stride")));
        conv->setValue(2); // 32x32 -> 16x16: now the 31x31 pool does not fit
        const QModelIndex pool = editor()->model()->index(2, ui::LayerTableModel::KindColumn);
        const QString message = QStringLiteral("layer 2 MaxPool2d: input is 16×16, kernel 31 does not fit");
        QCOMPARE(pool.data(Qt::ToolTipRole).toString(), message);
        QVERIFY(pool.data(Qt::BackgroundRole).isValid());
        QVERIFY(!editor()->model()->index(0, 1).data(Qt::BackgroundRole).isValid());
        QCOMPARE(editor()->model()->index(2, ui::LayerTableModel::OutputColumn).data().toString(), QStringLiteral("—"));
        QVERIFY(editor()->problemsLabel()->isVisible());
        QVERIFY(editor()->problemsLabel()->text().contains(message));
        undo()->undo(); // stride back to 1: 32x32 still too small for 31? no, it fits (32 >= 31)
        QVERIFY(!pool.data(Qt::ToolTipRole).isValid());
        QVERIFY(!editor()->problemsLabel()->isVisible());
    }

    void presetIsOneUndoStep()
    {
        QComboBox* presets = editor()->presetChooser();
        const int resnet = presets->findData(QStringLiteral("resnet_small"));
        QVERIFY(resnet > 0);
        Q_EMIT presets->activated(resnet);
        QCOMPARE(doc()->spec().name, std::string("ResNet-18 style"));
        QCOMPARE(doc()->layerCount(), 14);
        QVERIFY(doc()->analysis().valid());
        // The replacement is said, with the way back, until the next edit.
        QLabel* notice = editor()->noticeLabel();
        QVERIFY(!notice->isHidden());
        QVERIFY2(notice->text().contains(QStringLiteral("replaced by the preset \"ResNet-18 style\"")),
            qPrintable(notice->text()));
        QVERIFY(notice->text().contains(QStringLiteral("Undo")));
        undo()->undo();
        QVERIFY(notice->isHidden());
        QCOMPARE(kinds(doc()), kSeed);
        QCOMPARE(doc()->spec().name, std::string("SimpleCNN"));
    }

    void freezingIsShownAndUndoable()
    {
        QComboBox* presets = editor()->presetChooser();
        Q_EMIT presets->activated(presets->findData(QStringLiteral("resnet_small")));
        ui::LayerTableModel* table = editor()->model();
        const QModelIndex conv = table->index(0, ui::LayerTableModel::TrainableColumn);
        QCOMPARE(table->data(conv, Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(!table->data(table->index(2, ui::LayerTableModel::TrainableColumn), Qt::CheckStateRole).isValid());
        // "Freeze Above" on the last row: everything but the head is frozen, in one undo step.
        editor()->setCurrentRow(doc()->layerCount() - 1);
        QVERIFY(editor()->freezeBeforeAction()->isEnabled());
        editor()->freezeBeforeAction()->trigger();
        QCOMPARE(engine::frozenPrefix(doc()->spec()), doc()->layerCount() - 1);
        QCOMPARE(table->data(conv, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(table->data(table->index(3, ui::LayerTableModel::KindColumn), Qt::ForegroundRole).isValid());
        QVERIFY(editor()->trainAllAction()->isEnabled());
        // The check box unfreezes one layer; undo freezes it again.
        QVERIFY(table->setData(conv, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(doc()->spec().layers[0].trainable);
        undo()->undo();
        QVERIFY(!doc()->spec().layers[0].trainable);
        editor()->trainAllAction()->trigger();
        QCOMPARE(engine::frozenPrefix(doc()->spec()), 0);
        undo()->undo();
        undo()->undo();
        QVERIFY(doc()->spec().layers[0].trainable);
    }

    void torchvisionWeightsAreOfferedByName()
    {
        QTemporaryDir home;
        const std::filesystem::path folder = std::filesystem::path(home.path().toStdString()) / "hub" / "checkpoints";
        std::filesystem::create_directories(folder);
        std::ofstream(folder / "resnet18-f37072fd.pth") << "weights";
        qputenv("TORCH_HOME", home.path().toLocal8Bit());
        ui::WeightsChooser* chooser = m_window->weightsChooser();
        chooser->refresh();
        QComboBox* choice = chooser->chooser();
        const int resnet = choice->findText(QStringLiteral("ResNet-18, ImageNet-1k (resnet18-f37072fd.pth)"));
        QVERIFY2(resnet > 0, qPrintable(choice->itemText(1)));
        QVERIFY(!chooser->pretrainedRate()->isEnabled());
        Q_EMIT choice->activated(resnet);
        // The weights bring their architecture, normalization and input size.
        const engine::TrainConfig& config = m_window->experiment()->config();
        QVERIFY(config.initialWeights == folder / "resnet18-f37072fd.pth");
        QCOMPARE(config.augmentation.normalize.preset, std::string("imagenet"));
        QCOMPARE(doc()->spec().name, std::string("ResNet-18 (torchvision)"));
        QCOMPARE(m_window->experiment()->dataOptions().inputSize.width, 224);
        QVERIFY(chooser->pretrainedRate()->isEnabled());
        chooser->pretrainedRate()->setValue(0.1);
        QCOMPARE(config.pretrainedLearningRateScale, 0.1);
        QVERIFY2(chooser->summary()->text().contains(QStringLiteral("starts from resnet18-f37072fd.pth")),
            qPrintable(chooser->summary()->text()));
        // Back to random weights.
        Q_EMIT choice->activated(0);
        QVERIFY(config.initialWeights.empty());
        QVERIFY(chooser->summary()->text().contains(QStringLiteral("random weights")));
        qunsetenv("TORCH_HOME");
    }

    void experimentSavesAndOpens()
    {
        QTemporaryDir dir;
        editor()->setCurrentRow(0);
        editor()->duplicateAction()->trigger();
        QVERIFY(m_window->isWindowModified());
        const QString path = dir.filePath(QStringLiteral("exp.json"));
        QVERIFY(m_window->saveExperimentAs(path));
        QVERIFY(!m_window->isWindowModified());
        QVERIFY(m_window->commandLine().contains(QStringLiteral("--experiment ") + path));

        m_window->newExperiment();
        QCOMPARE(kinds(doc()), kSeed);
        QVERIFY(m_window->openExperiment(path));
        QCOMPARE(doc()->layerCount(), 6);
        QCOMPARE(m_window->experimentPath(), path);
        QVERIFY(!m_window->isWindowModified());
        QCOMPARE(undo()->count(), 0);

        QStringList fileActions;
        for (QAction* action : m_window->menuBar()->actions().front()->menu()->actions())
            fileActions << action->text().remove(QLatin1Char('&'));
        for (const char* expected : {"New Experiment", "Open Experiment…", "Open Recent", "Save", "Save As…"})
            QVERIFY2(fileActions.contains(QString::fromUtf8(expected)), expected);
    }

    void showsPythonCode()
    {
        const QString code = m_window->pythonCode();
        QVERIFY2(code.contains(QStringLiteral("nn.Conv2d(3, 32, kernel_size=3")), qPrintable(code));
        QVERIFY(code.contains(QStringLiteral("nn.Linear(8192, 10")));
    }
};

QTEST_MAIN(TestLayerEditor)
#include "test_layer_editor.moc"
