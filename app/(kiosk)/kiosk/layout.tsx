// Kiosk pages: fullscreen public mode, their own layout, no session.
export default function KioskLayout({ children }: { children: React.ReactNode }) {
  return <div className="min-h-screen bg-slate-900 text-white">{children}</div>;
}
