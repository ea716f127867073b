#include "ui/common/file_dialogs.h"

#include <QFileDialog>
#include <QMessageBox>

namespace cnnwb::ui {

QString FileDialogs::savePath(const QString& title, const QString& suggested, const QString& filter) const
{
    if (m_hook)
        return m_hook(title, suggested);
    return QFileDialog::getSaveFileName(m_parent, title, suggested, filter);
}

QString FileDialogs::openPath(const QString& title, const QString& folder, const QString& filter) const
{
    if (m_hook)
        return m_hook(title, folder);
    return QFileDialog::getOpenFileName(m_parent, title, folder, filter);
}

QString FileDialogs::folder(const QString& title, const QString& start) const
{
    if (m_hook)
        return m_hook(title, start);
    return QFileDialog::getExistingDirectory(m_parent, title, start);
}

void FileDialogs::fileError(const QString& title, const QString& message) const
{
    if (m_errorHook) {
        m_errorHook(title, message);
        return;
    }
    // open(), not exec(): modal to the window without a nested event loop, so that training and
    // a queued signal or two carry on behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_parent);
    box->setObjectName(QStringLiteral("FileErrorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace cnnwb::ui
