// The main window offscreen: its menus, the device status (with the reason when CUDA is not
// usable), and the experiment overview for a dataset folder and for a folder that is not one.

#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/app/window_placement.h"
#include "ui/common/log_emitter.h"
#include "ui/common/log_panel.h"
#include "ui/model/experiment_overview.h"
#include "ui/model/layer_stack_editor.h"
#include "ui/training/training_page.h"

#include <QClipboard>
#include <QLabel>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;
namespace fs = std::filesystem;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    static engine::DeviceInfo cpuOnly()
    {
        engine::DeviceInfo devices;
        devices.cudaBuild = true;
        devices.cpuThreads = 2;
        devices.cudaUnavailableSummary = "no NVIDIA driver found";
        devices.cudaUnavailableReason = "the NVIDIA driver library libcuda.so.1 cannot be loaded.";
        return devices;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void hasTheMenus()
    {
        ui::MainWindow window(cpuOnly());
        QStringList titles;
        for (QAction* action : window.menuBar()->actions())
            titles << action->text().remove(QLatin1Char('&'));
        QCOMPARE(titles,
            (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("Train"),
                QStringLiteral("View"), QStringLiteral("Help")}));
        for (QAction* action : window.menuBar()->actions())
            QVERIFY2(!action->menu()->actions().isEmpty(), qPrintable(action->text()));
    }

    void statusSaysCpuAndWhyNotCuda()
    {
        ui::MainWindow window(cpuOnly());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString text = window.deviceStatusLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("CPU (2 threads)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("CUDA not usable: no NVIDIA driver found")), qPrintable(text));
        QVERIFY(window.deviceStatusLabel()->toolTip().contains(QStringLiteral("libcuda.so.1 cannot be loaded")));
        QVERIFY(window.deviceStatusLabel()->isVisible());
    }

    void statusNamesTheGpu()
    {
        engine::DeviceInfo devices;
        devices.cudaBuild = true;
        devices.cudaAvailable = true;
        devices.gpuNames = {"NVIDIA H100 80GB HBM3"};
        ui::MainWindow window(devices);
        QVERIFY(window.deviceStatusLabel()->text().contains(QStringLiteral("CUDA: NVIDIA H100 80GB HBM3")));
        QVERIFY(!window.deviceStatusLabel()->text().contains(QStringLiteral("not usable")));
    }

    void showsTheDatasetAndModel()
    {
        const fs::path root = fs::path(m_tmp.path().toStdString()) / "cifar";
        test::writeCifar10(root, {.recordsPerTrainBatch = 4, .testRecords = 3, .classCount = 10});
        ui::MainWindow window(cpuOnly());
        window.openDataset(root);
        QVERIFY(window.windowTitle().contains(QStringLiteral("CIFAR-10")));
        QAbstractItemModel* table = window.layerEditor()->view()->model();
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->index(0, 1).data().toString(), QStringLiteral("Conv2d"));
        QCOMPARE(table->index(0, 3).data().toString(), QStringLiteral("32 × 32 × 32"));
        QCOMPARE(table->index(4, 3).data().toString(), QStringLiteral("10"));
        const QString summary = window.overview()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("20")), qPrintable(summary)); // training images
        QVERIFY(window.commandLine().contains(QStringLiteral("--data ") + QString::fromStdString(root.string())));
    }

    void explainsAFolderThatIsNoDataset()
    {
        const fs::path empty = fs::path(m_tmp.path().toStdString()) / "empty";
        fs::create_directories(empty);
        ui::MainWindow window(cpuOnly());
        window.openDataset(empty);
        QVERIFY(window.overview()->summaryText().contains(QStringLiteral("no dataset recognised")));
    }

    void logLinesReachThePanel()
    {
        ui::MainWindow window(cpuOnly());
        ui::LogEmitter emitter;
        window.connectLog(&emitter);
        Q_EMIT emitter.lineLogged(QStringLiteral("hello from a worker"), 2);
        QTRY_VERIFY(window.logPanel()->toPlainText().contains(QStringLiteral("hello from a worker")));
    }

    // The window opens wholly on the screen, a laptop's 1280 x 720 included (it opened at 128, 60
    // there, with the status bar below the screen's edge).
    void opensWithinTheScreen_data()
    {
        QTest::addColumn<QRect>("available");
        QTest::newRow("1280x720") << QRect(0, 0, 1280, 720);
        QTest::newRow("1366x768 with a panel") << QRect(0, 27, 1366, 741);
        QTest::newRow("1600x1000") << QRect(0, 0, 1600, 1000);
        QTest::newRow("1920x1080 second screen") << QRect(1920, 0, 1920, 1080);
        QTest::newRow("3840x2160") << QRect(0, 0, 3840, 2160);
    }

    void opensWithinTheScreen()
    {
        QFETCH(QRect, available);
        const QRect placed = ui::windowPlacement(available);
        QVERIFY(available.contains(placed));
        QVERIFY(placed.width() <= 1500 && placed.height() <= 950);
        if (available.width() < 1500)
            QCOMPARE(placed, available); // a small screen: all of it
        else
            QCOMPARE(placed.center(), available.center());
    }

    // Every tab fits a 1280 x 720 screen: what the pages need is no more than that.
    void everyTabFitsALaptopScreen()
    {
        ui::MainWindow window(cpuOnly());
        window.openDataset(m_tmp.path().toStdString());
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.tabs()->setCurrentIndex(tab);
            const QSize needed = window.minimumSizeHint().expandedTo(window.minimumSize());
            QVERIFY2(needed.width() <= 1280 && needed.height() <= 720,
                qPrintable(QStringLiteral("%1 needs %2 x %3")
                               .arg(window.tabs()->tabText(tab))
                               .arg(needed.width())
                               .arg(needed.height())));
        }
    }

    // A status message never runs under the permanent widgets (the dataset's name was drawn over
    // "Cannot load the checkpoint…"): it is elided before them, whole in the tooltip.
    void statusMessagesStopBeforeThePermanentWidgets()
    {
        const fs::path root = fs::path(m_tmp.path().toStdString()) / "status-cifar";
        test::writeCifar10(root, {.recordsPerTrainBatch = 4, .testRecords = 3, .classCount = 10});
        ui::MainWindow window(cpuOnly());
        window.openDataset(root);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString message
            = QStringLiteral("Cannot load the checkpoint /a/long/path/to/some/run/last.ckpt: ").repeated(6);
        window.trainingPage()->showStatus(message, 0);
        QStatusBar* bar = window.statusBar();
        const auto* dataset = bar->findChild<QLabel*>(QStringLiteral("DatasetStatus"));
        QVERIFY(dataset != nullptr && dataset->isVisible());
        QVERIFY(dataset->text().contains(QStringLiteral("CIFAR-10")));
        QVERIFY(bar->currentMessage().endsWith(QChar(0x2026)));
        QVERIFY2(bar->fontMetrics().horizontalAdvance(bar->currentMessage()) + 8 <= dataset->x(),
            qPrintable(QStringLiteral("message %1 px, dataset at %2")
                           .arg(bar->fontMetrics().horizontalAdvance(bar->currentMessage()))
                           .arg(dataset->x())));
        QCOMPARE(bar->toolTip(), message);
    }

    // Alt+letter reaches one item per menu (three Train items shared "C").
    void menuMnemonicsAreUnique()
    {
        ui::MainWindow window(cpuOnly());
        for (QAction* menuAction : window.menuBar()->actions()) {
            QMap<QChar, QString> taken;
            for (QAction* action : menuAction->menu()->actions()) {
                const QString text = action->text();
                const qsizetype amp = text.indexOf(QLatin1Char('&'));
                if (action->isSeparator() || amp < 0 || amp + 1 >= text.size())
                    continue;
                const QChar key = text.at(amp + 1).toLower();
                QVERIFY2(!taken.contains(key),
                    qPrintable(
                        QStringLiteral("%1: \"%2\" and \"%3\"").arg(menuAction->text(), taken.value(key), text)));
                taken.insert(key, text);
            }
        }
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
