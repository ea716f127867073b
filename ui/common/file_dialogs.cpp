#include "ui/common/file_dialogs.h"

#include <QFileDialog>

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

} // namespace cnnwb::ui
