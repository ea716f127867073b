// The Data page offscreen, driven through its real widgets: a generated dataset loads with its
// class counts, the preview is drawn, switching an op or re-rolling re-renders it with what the
// engine gives for the same settings, "same image" and "original beside" change the grid, the
// validation choice reaches the experiment, and a folder that is not a dataset says why.

#include "support/fixtures.h"

#include "ui/app/experiment_document.h"
#include "ui/app/main_window.h"
#include "ui/data/augmentation_panel.h"
#include "ui/data/data_page.h"
#include "ui/data/image_options_panel.h"
#include "ui/model/model_document.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/augment/augmentation_preview.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/records/experiment.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGroupBox>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUrl>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

QImage engineGrid(const engine::Dataset& dataset, const engine::AugmentationSpec& spec, const engine::PreviewOptions& o)
{
    const engine::RgbImage image = engine::renderPreviewGrid(dataset, spec, o);
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888)
        .copy()
        .convertToFormat(QImage::Format_RGB888);
}

// A flat folder of a student's photos: three classes, sizes from 120x90 to 640x480.
void writePhotos(const fs::path& dir)
{
    const std::vector<cv::Size> sizes
        = {{120, 90}, {640, 480}, {200, 150}, {300, 400}, {160, 120}, {256, 256}, {90, 120}};
    int seed = 0;
    for (const char* name : {"apple", "banana", "cherry"})
        for (int i = 0; i < 40; ++i, ++seed) {
            cv::Mat image(
                sizes[static_cast<std::size_t>(seed) % sizes.size()], CV_8UC3, cv::Scalar(seed * 5 % 255, 90, 160));
            fs::create_directories(dir / name);
            cv::imwrite((dir / name / (std::to_string(i) + (i % 2 == 0 ? ".jpg" : ".png"))).string(), image);
        }
}

} // namespace

class TestDataPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_cifar;

    bool load(ui::DataPage& page, const fs::path& folder)
    {
        QSignalSpy loaded(&page, &ui::DataPage::datasetLoaded);
        page.setDatasetFolder(folder);
        return loaded.wait(20000) && loaded.first().first().toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_cifar = fs::path(m_tmp.path().toStdString()) / "cifar";
        test::writeCifar10(m_cifar, {.recordsPerTrainBatch = 20, .testRecords = 12, .classCount = 4});
    }

    void loadsAndCountsClasses()
    {
        ui::DataPage page;
        page.resize(1200, 700);
        QVERIFY(load(page, m_cifar));
        QTableWidget* table = page.classTable();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Train"));
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(table->item(row, 1)->text(), QStringLiteral("25")); // 100 train images, labels cycle
            QCOMPARE(table->item(row, 2)->text(), QStringLiteral("3"));
        }
        QVERIFY(!page.previewImage().isNull());
    }

    void captionsShowAnyNameInTheWindowsFont()
    {
        // Folder names in Chinese and one too long for a tile: OpenCV's font would draw "???".
        const fs::path folder = fs::path(m_tmp.path().toStdString()) / "photos";
        const std::vector<std::string> classes{"猫", "狗", "a-class-name-far-too-long-for-one-tile"};
        test::writeImageFolder(folder, classes, 4, 1, 16);
        ui::DataPage page;
        page.resize(1200, 700);
        page.show();
        QVERIFY(load(page, folder));
        QVERIFY(!page.previewOptions().captionText);
        const QStringList& captions = page.previewCaptions();
        QCOMPARE(captions.size(), 12); // every training image once
        QVERIFY2(captions.contains(QStringLiteral("猫")) && captions.contains(QStringLiteral("狗")),
            qPrintable(captions.join(QLatin1Char(' '))));
        const auto longName = std::find_if(captions.begin(), captions.end(),
            [](const QString& caption) { return caption.startsWith(QStringLiteral("a-class")); });
        QVERIFY(longName != captions.end());
        QVERIFY2(longName->endsWith(QChar(0x2026)), qPrintable(*longName));
        // The engine left the caption line empty; the window's pixmap has the names written in it.
        const engine::Dataset dataset = engine::Dataset::load(folder);
        QCOMPARE(page.previewImage().convertToFormat(QImage::Format_RGB888),
            engineGrid(dataset, page.augmentation(), page.previewOptions()));
        const engine::PreviewLayout layout = engine::previewLayout(dataset, page.previewOptions());
        const engine::PreviewTile& first = layout.tiles.front();
        const QImage shown = page.findChild<QLabel*>(QStringLiteral("previewGrid"))->pixmap().toImage();
        const double scale = static_cast<double>(shown.width()) / layout.width;
        const auto darkPixelsIn = [](const QImage& image, const QRect& area) {
            int dark = 0;
            for (int y = area.top(); y <= area.bottom(); ++y)
                for (int x = area.left(); x <= area.right(); ++x)
                    dark += qGray(image.pixel(x, y)) < 160 ? 1 : 0;
            return dark;
        };
        const QRect line(static_cast<int>(first.x * scale), static_cast<int>((first.y + first.imageHeight) * scale),
            static_cast<int>(first.width * scale), static_cast<int>(first.captionHeight * scale));
        QCOMPARE(darkPixelsIn(page.previewImage(),
                     QRect(first.x, first.y + first.imageHeight, first.width, first.captionHeight)),
            0);
        QVERIFY(darkPixelsIn(shown, line) > 5);
    }

    void previewFollowsTheOpsAndTheEngine()
    {
        ui::DataPage page;
        page.resize(1200, 700);
        page.show();
        QVERIFY(load(page, m_cifar));
        const engine::Dataset dataset = engine::Dataset::load(m_cifar);
        const QImage plain = page.previewImage().convertToFormat(QImage::Format_RGB888);
        // Nothing on: the grid is the engine's grid of unchanged images.
        QCOMPARE(plain, engineGrid(dataset, page.augmentation(), page.previewOptions()));

        QSignalSpy updated(&page, &ui::DataPage::previewUpdated);
        QSignalSpy changed(&page, &ui::DataPage::augmentationChanged);
        auto* flip = qobject_cast<QGroupBox*>(page.augmentationPanel()->editor(QStringLiteral("horizontalFlip")));
        auto* flipP = qobject_cast<QDoubleSpinBox*>(
            page.augmentationPanel()->editor(QStringLiteral("horizontalFlip.probability")));
        QVERIFY(flip && flipP);
        flip->setChecked(true);
        flipP->setValue(1.0);
        QVERIFY(updated.wait(2000));
        QVERIFY(changed.count() >= 2);
        QVERIFY(page.augmentation().horizontalFlip.enabled);
        QCOMPARE(page.augmentation().horizontalFlip.probability, 1.0);
        const QImage flipped = page.previewImage().convertToFormat(QImage::Format_RGB888);
        QVERIFY(flipped != plain);
        QCOMPARE(flipped, engineGrid(dataset, page.augmentation(), page.previewOptions()));

        // Crop + jitter: re-roll gives other randomness, each time what the engine draws.
        auto* crop = qobject_cast<QGroupBox*>(page.augmentationPanel()->editor(QStringLiteral("crop")));
        auto* jitter = qobject_cast<QGroupBox*>(page.augmentationPanel()->editor(QStringLiteral("colorJitter")));
        crop->setChecked(true);
        jitter->setChecked(true);
        QVERIFY(updated.wait(2000));
        const QImage before = page.previewImage();
        const int epoch = page.previewOptions().epoch;
        QTest::mouseClick(page.rerollButton(), Qt::LeftButton);
        QVERIFY(updated.wait(2000));
        QCOMPARE(page.previewOptions().epoch, epoch + 1);
        QVERIFY(page.previewImage() != before);
        QCOMPARE(page.previewImage().convertToFormat(QImage::Format_RGB888),
            engineGrid(dataset, page.augmentation(), page.previewOptions()));

        // Original beside: wider tiles. Same image: one picked sample in every tile.
        const int width = page.previewImage().width();
        page.originalBox()->setChecked(true);
        QVERIFY(updated.wait(2000));
        QVERIFY(page.previewOptions().showOriginal);
        QCOMPARE(page.previewImage().convertToFormat(QImage::Format_RGB888),
            engineGrid(dataset, page.augmentation(), page.previewOptions()));
        QVERIFY(page.previewImage().width() != width || page.previewOptions().zoom > 0);
        page.sameImageBox()->setChecked(true);
        QVERIFY(updated.wait(2000));
        QVERIFY(page.previewOptions().sameImage);
        QCOMPARE(page.previewImage().convertToFormat(QImage::Format_RGB888),
            engineGrid(dataset, page.augmentation(), page.previewOptions()));

        // A spec the engine refuses is said, not drawn.
        auto* areaMin
            = qobject_cast<QDoubleSpinBox*>(page.augmentationPanel()->editor(QStringLiteral("cutout.areaMin")));
        auto* cutout = qobject_cast<QGroupBox*>(page.augmentationPanel()->editor(QStringLiteral("cutout")));
        cutout->setChecked(true);
        areaMin->setValue(0.9); // above the maximum of 0.2
        QTRY_VERIFY(page.messageLabel()->isVisible());
        QVERIFY(page.messageLabel()->text().contains(QStringLiteral("cutout area")));
    }

    void normalizationPresetAndFromData()
    {
        ui::DataPage page;
        QVERIFY(load(page, m_cifar));
        auto* preset = qobject_cast<QComboBox*>(page.augmentationPanel()->editor(QStringLiteral("normalize.preset")));
        QVERIFY(preset);
        preset->setCurrentIndex(preset->findData(QStringLiteral("cifar10")));
        Q_EMIT preset->activated(preset->currentIndex());
        QCOMPARE(page.augmentation().normalize.mean[0], 0.4914);
        auto* compute
            = qobject_cast<QPushButton*>(page.augmentationPanel()->editor(QStringLiteral("normalize.compute")));
        QTest::mouseClick(compute, Qt::LeftButton);
        const engine::Dataset dataset = engine::Dataset::load(m_cifar);
        const engine::Normalization expected
            = engine::computeNormalization(dataset.pixels(engine::Split::Train), 3, 32, 32);
        QCOMPARE(page.augmentation().normalize.preset, std::string("custom"));
        QCOMPARE(page.augmentation().normalize.mean, expected.mean);
        QCOMPARE(preset->currentData().toString(), QStringLiteral("custom"));
    }

    // Issue 19: a plain folder of photos dropped on the Data tab opens; the model's output follows its three
    // classes as one undoable edit, the Data tab states the size and the held-out split, and a
    // size chosen there reaches the model's input at once.
    void aFolderOfPhotosSetsSizeSplitAndClasses()
    {
        const fs::path photos = fs::path(m_tmp.path().toStdString()) / "my-photos";
        writePhotos(photos);
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.openDataset(m_cifar);
        window.newExperiment();
        ui::ModelDocument* model = window.document();
        QCOMPARE(model->spec().layers.back().outChannels, 4);
        ui::DataPage* page = window.dataPage();
        QSignalSpy loaded(page, &ui::DataPage::datasetLoaded);
        // Dropped from the file manager onto the Data tab, as a student would.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(photos.string()))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(page, &enter); // Qt delivers a drop to the widget that took the drag
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QSignalSpy dropped(page, &ui::DataPage::folderDropped);
        QApplication::sendEvent(page, &drop);
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(window.experiment()->dataFolder(), photos);
        QCOMPARE(model->spec().layers.back().outChannels, 3);
        QVERIFY(model->analysis().valid());
        QCOMPARE(model->undoStack()->undoText(), QStringLiteral("Fit the Output Layer to 3 Classes"));
        QCOMPARE(model->spec().input, (engine::ImageShape{3, 64, 64}));
        QVERIFY(loaded.wait(30000) && loaded.last().first().toBool());

        ui::ImageOptionsPanel* images = page->imageOptions();
        QVERIFY2(images->sizeText().contains(QStringLiteral("120 × 90 to 640 × 480")), qPrintable(images->sizeText()));
        QVERIFY(images->sizeText().contains(QStringLiteral("64 × 64")));
        QVERIFY2(images->splitText().contains(QStringLiteral("holding out 20 % of each class")),
            qPrintable(images->splitText()));
        QVERIFY(images->splitText().contains(QStringLiteral("8 of apple")));
        QCOMPARE(page->classTable()->item(0, 2)->text(), QStringLiteral("8"));
        QVERIFY(images->testShareBox()->isEnabled());

        images->automaticBox()->setChecked(false);
        images->widthBox()->setValue(96);
        QCOMPARE(window.experiment()->dataOptions().inputSize, (engine::ImageSize{96, 64}));
        QCOMPARE(model->spec().input, (engine::ImageShape{3, 64, 96}));
        QVERIFY(window.isWindowModified());
        QVERIFY(loaded.wait(30000) && loaded.last().first().toBool());
        QCOMPARE(page->dataset()->info().shape, (engine::ImageShape{3, 64, 96}));
        // Each tile as large as the room allows: the grid fills the preview's width or height.
        QVERIFY(!page->previewImage().isNull());

        model->undoStack()->undo();
        QCOMPARE(model->spec().layers.back().outChannels, 4);
    }

    void badFolderSaysWhy()
    {
        ui::DataPage page;
        const fs::path empty = fs::path(m_tmp.path().toStdString()) / "nothing";
        fs::create_directories(empty);
        QVERIFY(!load(page, empty));
        QVERIFY(page.messageLabel()->text().contains(QStringLiteral("no dataset recognised")));
        QVERIFY(!page.isLoaded());
    }

    void mainWindowKeepsTheSettingsInTheExperiment()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.openDataset(m_cifar);
        ui::DataPage* page = window.dataPage();
        QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Data"));
        auto* rotation = qobject_cast<QGroupBox*>(page->augmentationPanel()->editor(QStringLiteral("rotation")));
        rotation->setChecked(true);
        page->validationChoice()->setCurrentIndex(1);
        Q_EMIT page->validationChoice()->activated(1);
        QVERIFY(window.isWindowModified());
        QVERIFY(window.trainingSettings()->config().augmentation.rotation.enabled);
        QCOMPARE(window.trainingSettings()->config().validationFraction, 0.1);

        const QString file = m_tmp.filePath(QStringLiteral("exp.json"));
        QVERIFY(window.saveExperimentAs(file));
        const engine::Experiment saved = engine::loadExperiment(file.toStdString());
        QVERIFY(saved.training.augmentation.rotation.enabled);
        QCOMPARE(saved.training.validationFraction, 0.1);

        ui::MainWindow other(devices);
        QVERIFY(other.openExperiment(file));
        QVERIFY(other.dataPage()->augmentation().rotation.enabled);
        QCOMPARE(other.dataPage()->validationChoice()->currentIndex(), 1);
    }
};

QTEST_MAIN(TestDataPage)
#include "test_data_page.moc"
