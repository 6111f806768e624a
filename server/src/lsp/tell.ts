/** Messages to the user, as window/showMessage notifications: nothing to answer, so nothing a client can refuse. */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

const TYPE: Record<'info' | 'warning' | 'error', MessageType> = { info: MessageType.Info, warning: MessageType.Warning, error: MessageType.Error };

export function tell(connection: Connection, level: 'info' | 'warning' | 'error', message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type: TYPE[level], message });
}
