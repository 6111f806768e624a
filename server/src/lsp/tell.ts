/** Messages to the user, as window/showMessage notifications: nothing to answer, so nothing a client can refuse. */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

export function tell(connection: Connection, level: 'info' | 'error', message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type: level === 'error' ? MessageType.Error : MessageType.Info, message });
}
